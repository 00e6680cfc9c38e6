#!/usr/bin/env python
# V2 version of v1_programs/health.py (hand-written reference).
import argparse
import sys

import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def check_health(url, protocol, verbose=False, headers=None):
    """Return (live, ready) as reported by the server at `url`."""
    client_module = httpclient if protocol == "http" else grpcclient
    client = client_module.InferenceServerClient(url, verbose=verbose)
    try:
        live = client.is_server_live(headers=headers)
        ready = client.is_server_ready(headers=headers)
    finally:
        client.close()
    return live, ready


def main():
    parser = argparse.ArgumentParser(description="Check that the inference server is up")
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='HTTP',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    parser.add_argument('-H', dest='http_headers', metavar="HTTP_HEADER", required=False,
                        action='append', default=[],
                        help='HTTP headers to add to the health requests, as "Header:Value". '
                        'Can be given several times.')
    FLAGS = parser.parse_args()

    protocol = FLAGS.protocol.lower()
    if protocol not in ("http", "grpc"):
        print("error: unexpected protocol: " + FLAGS.protocol + ", expecting HTTP or gRPC")
        sys.exit(2)

    # V1 took a list of "Header:Value" strings at construction time; V2 takes
    # a dict with every call. gRPC metadata keys must be lower case.
    headers = {}
    for header in FLAGS.http_headers:
        key, _, value = header.partition(':')
        headers[key.strip().lower() if protocol == "grpc" else key.strip()] = value.strip()

    try:
        live, ready = check_health(FLAGS.url, protocol, FLAGS.verbose, headers or None)
    except InferenceServerException as e:
        print("health check failed: " + str(e.message()))
        sys.exit(1)

    print("live: {}".format(live))
    print("ready: {}".format(ready))
    if not (live and ready):
        print("FAIL")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
