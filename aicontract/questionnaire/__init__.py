"""The questionnaire: questions derived from the deal model (``Interview``), the annotated
blank answers file, and the terminal front end."""

from .blank import blank_yaml
from .interview import AnswerError, Interview, Question
from .terminal import interview_in_terminal, run_terminal

__all__ = ["AnswerError", "Interview", "Question", "blank_yaml", "interview_in_terminal", "run_terminal"]
