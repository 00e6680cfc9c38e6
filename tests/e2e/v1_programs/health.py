#!/usr/bin/env python
# Liveness / readiness probe for the inference service, used by our
# deployment scripts before traffic is switched over to a new server.
#
#   python health.py -u inference-host:8000
#   python health.py -u inference-host:8001 -i grpc
#   python health.py -H "X-Request-Source:deploy-check"
import argparse
import sys

from tensorrtserver.api import InferenceServerException, ProtocolType, ServerHealthContext


def check_health(url, protocol, verbose=False, headers=None):
    """Return (live, ready) as reported by the server at `url`."""
    ctx = ServerHealthContext(url, protocol, verbose=verbose, http_headers=headers)
    try:
        live = ctx.is_live()
        ready = ctx.is_ready()
    finally:
        ctx.close()
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

    try:
        protocol = ProtocolType.from_str(FLAGS.protocol)
    except Exception as e:
        print("error: " + str(e))
        sys.exit(2)

    try:
        live, ready = check_health(FLAGS.url, protocol, FLAGS.verbose, FLAGS.http_headers)
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
