"""A person's portrait photo: read it, find the face, fit the designed smile into the
mouth, composite it lit like the photo, and measure the smile in the face.

Never imports Qt. MediaPipe is imported only when a face is looked for.
"""
