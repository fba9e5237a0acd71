"""What people read: the findings report (HTML and Markdown) built from the warehouse."""
