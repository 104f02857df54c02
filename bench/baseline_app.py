"""The plain way public dashboards on this data work, for comparison: read the raw CSV with pandas
and aggregate it on every rerun. Not part of the product; run only by the benchmark."""
import os

import pandas as pd
import plotly.express as px
import streamlit as st

folder = os.environ["BASELINE_SOURCE_DIR"]
attacks = pd.read_csv(f"{folder}/attacks/missile_attacks_daily.csv")
weapons = pd.read_csv(f"{folder}/attacks/missiles_and_uavs.csv")
attacks = attacks[~attacks["source"].fillna("").str.startswith(("PvKPivden", "pvkshid", "PvkZahid", "PvkCenter"))]
attacks["date"] = pd.to_datetime(attacks["time_end"].str.strip(), format="mixed").dt.normalize()
attacks = attacks.merge(weapons[["model", "category"]], on="model", how="left")
attacks["kind"] = attacks["category"].map(lambda c: "drones" if c == "UAV" else "missiles")
daily = attacks.groupby(["date", "kind"])[["launched", "destroyed"]].sum().reset_index()

start, end = st.sidebar.date_input("Range", value=(daily["date"].min().date(), daily["date"].max().date()),
                                   key="range")
shown = daily[(daily["date"] >= pd.Timestamp(start)) & (daily["date"] <= pd.Timestamp(end))]
drones = shown[shown["kind"] == "drones"]
st.metric("Drones launched (range)", f"{drones['launched'].sum():,.0f}")
st.metric("Share shot down", f"{drones['destroyed'].sum() / max(drones['launched'].sum(), 1):.1%}")
st.plotly_chart(px.bar(drones, x="date", y=["launched", "destroyed"], barmode="overlay"), key="drones")
st.plotly_chart(px.bar(shown[shown["kind"] == "missiles"], x="date", y=["launched", "destroyed"],
                       barmode="overlay"), key="missiles")
