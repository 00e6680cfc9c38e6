from tensorrtserver.api import ModelControlContext


def reload(control_ctx, model_name):
    """Ask the server to load `model_name` again (it picks up a changed model store)."""
    control_ctx.load(model_name)
    print("loaded " + model_name)
