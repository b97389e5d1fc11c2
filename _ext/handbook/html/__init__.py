"""The website's outputs: navigation, cards, feeds, the sitemap and page descriptions, search
(Pagefind), the printed documents' links, key points' numbers and link previews; with the
templates and static files."""
