"""Pure renderers that several apps share: text for other tools, spreadsheets, PDF.

No Django here, and no heavy library at import: WeasyPrint and openpyxl are imported by the
function that uses them, so a process that never writes a PDF or a workbook never loads them.
The schedule's export engine (``sessions.exports``), the badge sheets and the staff lists build
on these.
"""
