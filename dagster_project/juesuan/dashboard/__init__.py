"""The dashboard: data access (data.py, source.py) apart from the Streamlit pages (app.py, pages/)."""
