"""Figures from report prose: find every stated figure and propose its record.

The modules, in the order `extract` uses them: `layout` (title, headings, paragraphs,
lists and sentences), `periods` and `places` (what each figure's sentence and its
context say about when and where), `metrics` (which metric of the catalogue a figure
measures), `structure` (lists, wholes and parts, restatements), `extraction` (the public
`extract` and its results), `review` (the review sheet) and `files` (reading .txt and
.docx reports).
"""
