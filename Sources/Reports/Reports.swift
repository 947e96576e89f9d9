// Reports: plan.json, CSV, Markdown and the self-contained HTML page with SVG charts.
