"""Page scripts run by ``st.navigation`` (each file is one ``st.Page``)."""
