"""The leadership dashboard (/dashboard/): the figures the task force reads at a glance.

- `models`, `rollups`: the figures kept ready in the database, and how they stay current
  (`tasks`: beat's refresh and nightly rebuild; `manage.py dashboard_rollups`).
- `figures`, `tables`: what the page shows, built once for the page, its print view and
  its export.
- `access`: whose dashboard covers which organisations (a subtree of the grid) and departments.
- `forms`: the GET filters (date range, district, department, union organisation).
- `selectors`: every figure, aggregated in the database, cached for a minute.
- `links`: each figure's link to the workbench list that makes it up.
- `charts`: bar, line and stacked-bar charts drawn on the server as inline SVG.
- `xlsx`: the dashboard's tables as an Excel workbook.
- `views`: the page (/dashboard/), its .xlsx export and its print view.

It sits above the cases, the hotline, performance and the leadership's measures and
reports, and reads them all; none of them imports it.
"""
