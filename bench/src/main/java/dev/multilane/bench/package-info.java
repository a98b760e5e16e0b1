package dev.multilane.bench;
