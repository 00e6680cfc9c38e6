"""Allow ``python -m triton_migrate``."""
from triton_migrate.cli import main

if __name__ == "__main__":
    main()
