package dev.multilane.exec;
