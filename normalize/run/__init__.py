"""Running the pipeline over inputs: one options object (``options``), the clean command's
one path from sources through a runner to sinks (``clean``), its report (``report``), and the
Ray engine (``ray``), which takes the same options."""
