# V1 shape: options in a module global set by main() with global, read by a helper
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import argparse

FLAGS = None


class Client:
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


def connect():
    return Client(FLAGS.url, ProtocolType.from_str(FLAGS.protocol))


def main():
    global FLAGS
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("protocol")
    FLAGS = parser.parse_args()
    print("OK", connect().live())


main()
