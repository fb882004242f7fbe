"""Display stage: package results shaped for people, without Streamlit.

Public modules: ``presentation`` (labelled tables), ``charts`` (Plotly figures),
``pictures`` (static SVG map and bars), ``letters`` (整改建议书 as .docx) and ``meeting``
(one message per slide for the joint meeting).
"""
