"""Reading the stream: the generated parsers and what is derived from them
(`gen`), the record formats of each layer (`layers`), the container told
from the first octets (`detect`), the forward-only source (`source`), the
array fast paths (`fastpath`) and the progress line (`progress`)."""
