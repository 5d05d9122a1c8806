"""REFI-QDA (QDA-XML 1.0) project exchange: .qdpx files that QualCoder, ATLAS.ti, NVivo and
MAXQDA open. Pure Python plus lxml for schema validation; no Django."""
