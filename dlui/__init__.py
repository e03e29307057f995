"""The Streamlit side shared by app.py and the pages: state, widgets, navigation, sidebar.

Pages stay thin by calling these; no score, gap or parse is computed here
(that is dlcore's job), only how answers are shown and kept.
"""
