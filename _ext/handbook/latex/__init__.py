"""The printed documents: paper and settings, start pages, documents and covers, what print leaves
out, images, works cited, right-to-left text, and typesetting with latexmk; with the LaTeX
style."""
