"""Headless and embedded OpenGL rendering with moderngl. Never imports Qt."""
