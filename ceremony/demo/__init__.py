"""The demo event: the Hanoi Convention's opening for signature at its real size (``builder``),
from the data of the reference event (``data``)."""
