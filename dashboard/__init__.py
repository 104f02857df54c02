"""The Streamlit dashboard: queries (SQL), charts (figures), view (pure state), app (layout)."""
