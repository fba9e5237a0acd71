"""Document part: the narrative (情况说明 / 编制说明), read by sentence pattern within sections."""
