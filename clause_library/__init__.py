"""The bundled clause library (data only): installed as aicontract.clause_library."""
