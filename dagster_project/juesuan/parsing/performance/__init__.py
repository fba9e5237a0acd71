"""Document part: performance self-evaluation and targets (绩效自评 / 绩效目标)."""
