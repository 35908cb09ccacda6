"""A small L2 logistic regression on paragraph vectors, fitted by Newton's method in numpy.

The review package uses it to re-rank a theme's proposals with a reviewer's decisions
(:mod:`inkaart.review.feedback`); nothing here knows about reviews.
"""

from __future__ import annotations

import numpy as np

PENALTY = 1.0


def fit_logistic(features: np.ndarray, labels: np.ndarray, penalty: float = PENALTY) -> np.ndarray:
    """Weights (intercept first) of an L2 logistic regression; the intercept is not penalised."""
    rows = np.hstack([np.ones((features.shape[0], 1)), features])
    ridge = penalty * np.eye(rows.shape[1])
    ridge[0, 0] = 1e-6
    weights = np.zeros(rows.shape[1])
    for _ in range(50):
        probabilities = _sigmoid(rows @ weights)
        gradient = rows.T @ (probabilities - labels) + ridge @ weights
        hessian = rows.T @ (rows * (probabilities * (1 - probabilities))[:, None]) + ridge
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return weights


def predict(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    return _sigmoid(weights[0] + features @ weights[1:])


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -30, 30)))


def feature_matrix(vectors: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Vectors centred on the pool (e5 vectors share a large common direction) plus the standardised score."""
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    scale = float(np.mean(np.linalg.norm(centred, axis=1))) or 1.0
    spread = float(scores.std()) or 1.0
    return np.hstack([centred / scale, ((scores - scores.mean()) / spread)[:, None]])
