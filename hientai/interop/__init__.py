"""The national exchange: versioned interop export/import, incremental push to a configurable
endpoint with acknowledgement, the field mapping kept as data (issue 19 item 4).
"""
