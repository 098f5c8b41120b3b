"""Input and output: decoding bytes (``decode``), the one way to open any input or output
file whatever its compression (``open_input``, ``open_output`` in ``formats`` and
``sinks``), the record formats (``formats``) and the sinks a run writes to (``sinks``)."""
