"""What people read: the discrepancy report (HTML and Markdown) built from the warehouse."""
