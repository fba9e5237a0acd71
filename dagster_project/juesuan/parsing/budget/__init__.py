"""Budget disclosures (部门预算 / 单位预算): their tables and narrative (编制说明)."""
