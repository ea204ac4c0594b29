"""The bundled Word templates (data only): installed as aicontract.templates."""
