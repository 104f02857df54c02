"""The framework's floor: a Streamlit page with a title and one small Plotly bar chart (bench/browser.py)."""
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="One chart", layout="wide")
st.title("One chart")
figure = go.Figure(go.Bar(x=["a", "b", "c", "d"], y=[3, 1, 4, 2]))
st.plotly_chart(figure, key="one_chart")
