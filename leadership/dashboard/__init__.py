"""The leadership dashboard (/dashboard/): the figures the task force reads at a glance.

- `access`: whose dashboard covers which organisations (a subtree of the grid) and departments.
- `forms`: the GET filters (date range, district, department, union organisation).
- `selectors`: every figure, aggregated in the database, cached for a minute.
- `links`: each figure's link to the workbench list that makes it up.
- `charts`: bar, line and stacked-bar charts drawn on the server as inline SVG.
- `xlsx`: the dashboard's tables as an Excel workbook.
"""
