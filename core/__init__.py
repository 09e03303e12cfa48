"""What every layer shares and no layer owns: the settings, the service handles, the rejection, Vietnamese text."""
