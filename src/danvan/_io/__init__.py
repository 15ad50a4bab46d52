"""Files and tables, read and written: JSON documents (`json_documents`, streamed by
`json_stream`), CSV tables of observations and of other records (`csv_observations`,
`csv_records`, with the column names of `column_names`), tables as reports lay them out
(`wide_tables`), workbooks read as a stream (`xlsx_stream`, `xlsx`), every spreadsheet
danvan writes (`sheets`, `report_sheets`, `dataset_sheets`, with `formulas` neutralised),
pandas frames (`frames`), files written whole or not at all (`writing`), and the lazy
`load`/`dump`/`from_pandas` (`files`). The public facade is `danvan.serialization`.

Nothing is re-exported here: importing one module does not import the others (openpyxl
and pandas load only when a workbook or a frame is used). See CONTRIBUTING.md, "Floor
plan": the modules that import no other danvan module sit on the ground floor, the rest
at the top.
"""
