"""Great Expectations on the build file: a suite per rule category, validated in a process of its own."""
