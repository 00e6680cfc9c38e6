# The protocols the tools of this package accept, by the name given on the command line.
from tensorrtserver.api import ProtocolType

PROTOCOLS = {"http": ProtocolType.HTTP, "grpc": ProtocolType.GRPC}
