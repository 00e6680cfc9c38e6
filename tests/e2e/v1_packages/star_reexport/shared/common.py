# Every script of this package starts with `from shared.common import *`: this
# module passes the V1 client on and adds a constant of its own.
from tensorrtserver.api import *

MODEL = "simple"
