"""Deliverables analysts hand in, drawn from the graph.

- :func:`viz.interactive.write_graph_html` — the interactive graph, one offline HTML file
- :func:`viz.chainmap.write_chain_map` — the chain map (产业链图谱) as SVG/PNG/PDF
- :func:`viz.talentmap.write_talent_maps` — talent map and expert-technology network figures
- :func:`viz.workbook.write_workbook` — the Excel workbook
- :func:`viz.reports.consortium_report`, :func:`viz.reports.salon_report` with
  :func:`viz.reports.write_report` — Word and HTML reports
- :func:`viz.deliverables.write_deliverables` — all of the above in one call

Submodules are imported on use: matplotlib, python-docx and openpyxl load only when needed.
"""
