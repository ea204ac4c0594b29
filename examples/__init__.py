"""The bundled example deals (data only): installed as aicontract.examples."""
