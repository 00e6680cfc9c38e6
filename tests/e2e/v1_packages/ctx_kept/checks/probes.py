def wait_ready(health_ctx):
    return health_ctx.is_ready()


def show_status(status_ctx):
    status = status_ctx.get_server_status()
    print("models: {}".format(len(status.model_status)))


def reload(control_ctx, model_name):
    control_ctx.load(model_name)
    print("loaded " + model_name)
