#!/usr/bin/env python
# Raw HTTP status requests: one read as JSON for the configuration of one
# model, one parsed as a text ServerStatus to see whether the model is listed;
# beside them a status context of the chosen protocol for a version's state.
import argparse
import json
import sys

import requests
from google.protobuf import text_format
from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()
    model_name = "simple"

    json_url = "http://" + FLAGS.http_url + "/api/status/" + model_name + "?format=json"
    answer = requests.get(json_url, headers={"Accept": "application/json"})
    data = json.loads(answer.content)
    print("name: " + data["modelStatus"][model_name]["config"]["name"])
    print("max_batch_size: {}".format(data["modelStatus"][model_name]["config"]["maxBatchSize"]))
    for i in range(2):
        print("input {}: {}".format(data["modelStatus"]["simple"]["config"]["input"][i]["name"],
                                    data["modelStatus"][model_name]["config"]["input"][i]["dataType"]))

    text_url = "http://" + FLAGS.http_url + "/api/status/" + model_name + "?format=text"
    reply = requests.get(text_url)
    status = ServerStatus()
    text_format.Parse(reply.content, status)
    print("listed: {}".format(model_name in status.model_status))

    try:
        ctx = ServerStatusContext(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), model_name, FLAGS.verbose)
        server_status = ctx.get_server_status()
    except InferenceServerException as e:
        print("status failed: " + str(e))
        sys.exit(1)
    ready = server_status.model_status[model_name].version_status[1].ready_state == server_status_pb2.MODEL_READY
    print("version 1 ready: {}".format(ready))
    if not ready:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
