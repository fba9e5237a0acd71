-- Every figure of every table found, placed by the table's own row labels and column headers:
-- the tidy form of the tables, for figures no dedicated mart models (and for templates nobody here has seen).
-- The staging view's columns as they are (its money already in 万元).
select * from {{ ref('stg_parsed__table_values') }}
