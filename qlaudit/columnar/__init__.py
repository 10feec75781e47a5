"""The columnar core: the ledgers as DuckDB tables, the rules as candidate SQL plus small finishers, at two scales.

- ``engine``    the three ledgers of one unit-year (in memory) or of many (a Parquet store) as DuckDB tables
- ``evidence``  evidence rows of many findings at once, capped per finding
- ``runner``    a rule = candidate SQL over all unit-years + a finisher per unit-year; runs a list of rules
- ``budget``    the budget sums of ``qlaudit.reconcile`` in SQL, for every unit-year of an engine
- ``store``     the Parquet store (partitioned by unit and year) and the province run over it
- ``crossunit`` rules that need many units at once (the same payee paid by many units)

The pandas API (``wb.expenditures``, the views, ``wb.rules.<rule>()``) stays as it is; see docs/scale.md.
"""
