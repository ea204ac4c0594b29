"""Renderers: Contract -> .docx / .md / .txt / .pdf."""
