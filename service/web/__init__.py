"""The web page's static files (HTML, ES modules, CSS), served by ``service.routes.web``."""
