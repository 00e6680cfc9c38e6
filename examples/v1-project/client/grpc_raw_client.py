"""A raw gRPC client against the V1 protos (TensorRT Inference Server 1.x)."""
import grpc
from tensorrtserver.api import grpc_service_pb2
from tensorrtserver.api import grpc_service_pb2_grpc


def main(url="localhost:8001", model="simple"):
    stub = grpc_service_pb2_grpc.GRPCServiceStub(grpc.insecure_channel(url))
    live = stub.Health(grpc_service_pb2.HealthRequest(mode="live")).health
    ready = stub.Health(grpc_service_pb2.HealthRequest(mode="ready"))
    print("live", live, "ready", ready.health)
    stub.ModelControl(grpc_service_pb2.ModelControlRequest(
        model_name=model, type=grpc_service_pb2.ModelControlRequest.LOAD))
    index = stub.Repository(grpc_service_pb2.RepositoryRequest(index=True))
    request = grpc_service_pb2.InferRequest()
    request.model_name = model
    request.meta_data.batch_size = 1
    response = stub.Infer(request)
    if response.request_status.code != 1:
        raise RuntimeError(response.request_status.msg)
    return index


if __name__ == "__main__":
    main()
