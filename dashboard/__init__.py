"""Streamlit dashboard over the indicators DuckDB file (run: ``streamlit run dashboard/app.py``)."""
