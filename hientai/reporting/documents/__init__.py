"""Consolidated report documents: the DOCX per Decree 30/2020/NĐ-CP, its XLSX annex, the PDF
through LibreOffice, and the charts they (and the dashboard) draw.

`content.gather()` collects the facts once; every output format reads that one object.
"""
