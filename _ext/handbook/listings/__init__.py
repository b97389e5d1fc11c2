"""Listings filled after every note is read: the kinds of listing, the catalogue they are computed
from, their directives and drawing, and which pages to write again."""
