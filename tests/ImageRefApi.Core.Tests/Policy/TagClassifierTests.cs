using ImageRefApi.Core.Parsing;
using ImageRefApi.Core.Policy;
using ImageRefApi.Core.Tests.Corpus;

namespace ImageRefApi.Core.Tests.Policy;

public sealed class TagClassifierTests
{
    private const string Digest = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";

    /// <summary>Reference, kind, version (dotted), precision, variant, prerelease. The first block comes from
    /// valid records of realistic-10k.jsonl, the second from well-known images and CI conventions.</summary>
    public static TheoryData<string, TagKind, string?, VersionPrecision?, string?, bool> Cases { get; } = new()
    {
        { "node:17.28.23", TagKind.Version, "17.28.23", VersionPrecision.Patch, null, false },
        { "cert-manager-controller:19.19.2", TagKind.Version, "19.19.2", VersionPrecision.Patch, null, false },
        { "registry.k8s.io/traefik:17.5.32", TagKind.Version, "17.5.32", VersionPrecision.Patch, null, false },
        { "python:9.4.28", TagKind.Version, "9.4.28", VersionPrecision.Patch, null, false },
        { "registry.gitlab.com/group/sub/runtime-deps:17.14.5", TagKind.Version, "17.14.5", VersionPrecision.Patch, null, false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/node:18.13.35", TagKind.Version, "18.13.35", VersionPrecision.Patch, null, false },
        { "api-gateway:3.6.4-rc.2", TagKind.Prerelease, "3.6.4", VersionPrecision.Patch, null, true },
        { "registry.gitlab.com/group/sub/postgres:5.4.9-rc.4", TagKind.Prerelease, "5.4.9", VersionPrecision.Patch, null, true },
        { "postgres:8.6.1-rc.1", TagKind.Prerelease, "8.6.1", VersionPrecision.Patch, null, true },
        { "worker_service:5.3.3-rc.5", TagKind.Prerelease, "5.3.3", VersionPrecision.Patch, null, true },
        { "sdk:8.8.9-rc.5", TagKind.Prerelease, "8.8.9", VersionPrecision.Patch, null, true },
        { "gcr.io/my-project/ubuntu:9.0.8-rc.2", TagKind.Prerelease, "9.0.8", VersionPrecision.Patch, null, true },
        { "registry.k8s.io/coredns/coredns:2.6-bookworm", TagKind.FloatingVersion, "2.6", VersionPrecision.Minor, "bookworm", false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/ingress-nginx/controller:17.1-bookworm", TagKind.FloatingVersion, "17.1", VersionPrecision.Minor, "bookworm", false },
        { "grafana/grafana:5.5-bookworm", TagKind.FloatingVersion, "5.5", VersionPrecision.Minor, "bookworm", false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/busybox:1.0-bookworm", TagKind.FloatingVersion, "1.0", VersionPrecision.Minor, "bookworm", false },
        { "localhost:5000/aspnet:17.5-bookworm", TagKind.FloatingVersion, "17.5", VersionPrecision.Minor, "bookworm", false },
        { "docker.io/coredns/coredns:8.9-bookworm", TagKind.FloatingVersion, "8.9", VersionPrecision.Minor, "bookworm", false },
        { "docker.io/runtime-deps:nightly", TagKind.Channel, null, null, null, true },
        { "docker.io/golang:nightly", TagKind.Channel, null, null, null, true },
        { "index.docker.io/huggingface-pytorch-training:nightly", TagKind.Channel, null, null, null, true },
        { "docker.io/node:nightly", TagKind.Channel, null, null, null, true },
        { "gcr.io/my-project/golang:nightly", TagKind.Channel, null, null, null, true },
        { "index.docker.io/golang:nightly", TagKind.Channel, null, null, null, true },
        { "docker.io/grafana/grafana:v3.16.6", TagKind.Version, "3.16.6", VersionPrecision.Patch, null, false },
        { "ubuntu:v3.13.5", TagKind.Version, "3.13.5", VersionPrecision.Patch, null, false },
        { "registry.k8s.io/nginx:v0.4.2", TagKind.Version, "0.4.2", VersionPrecision.Patch, null, false },
        { "ghcr.io/acme/postgres:v0.9.7", TagKind.Version, "0.9.7", VersionPrecision.Patch, null, false },
        { "localhost:5000/huggingface-pytorch-training:v0.0.1", TagKind.Version, "0.0.1", VersionPrecision.Patch, null, false },
        { "python:v2.6.1", TagKind.Version, "2.6.1", VersionPrecision.Patch, null, false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/runtime-deps:18.12-alpine3.20", TagKind.FloatingVersion, "18.12", VersionPrecision.Minor, "alpine3.20", false },
        { "quay.io/prometheus/sdk:10.6-alpine3.20", TagKind.FloatingVersion, "10.6", VersionPrecision.Minor, "alpine3.20", false },
        { "mcr.microsoft.com/dotnet/golang:17.11-alpine3.20", TagKind.FloatingVersion, "17.11", VersionPrecision.Minor, "alpine3.20", false },
        { "docker.io/cert-manager-controller:11.3-alpine3.20", TagKind.FloatingVersion, "11.3", VersionPrecision.Minor, "alpine3.20", false },
        { "localhost:5000/aspnet:19.3-alpine3.20", TagKind.FloatingVersion, "19.3", VersionPrecision.Minor, "alpine3.20", false },
        { "mcr.microsoft.com/dotnet/kube-state-metrics:14.6-alpine3.20", TagKind.FloatingVersion, "14.6", VersionPrecision.Minor, "alpine3.20", false },
        { "localhost:5000/nginx:latest", TagKind.Latest, null, null, null, false },
        { "myregistry.azurecr.io/team-a/nginx:latest", TagKind.Latest, null, null, null, false },
        { "postgres:latest", TagKind.Latest, null, null, null, false },
        { "index.docker.io/huggingface-pytorch-training:latest", TagKind.Latest, null, null, null, false },
        { "registry.k8s.io/golang:latest", TagKind.Latest, null, null, null, false },
        { "index.docker.io/redis:latest", TagKind.Latest, null, null, null, false },
        { "mcr.microsoft.com/dotnet/postgres:60dfaa73a488fc2e73fb54a7ef354e7fb716ddf4", TagKind.BuildId, null, null, null, false },
        { "myregistry.azurecr.io/team-a/library/debian:ed3abcca3d7742394bdd908fa759c41a1c3c549e", TagKind.BuildId, null, null, null, false },
        { "registry.gitlab.com/group/sub/grafana/grafana:64ef7fe3", TagKind.BuildId, null, null, null, false },
        { "busybox:ea68690", TagKind.BuildId, null, null, null, false },
        { "coredns/coredns:0a09339ab4f8304e27227370af3cfe515cb98504", TagKind.BuildId, null, null, null, false },
        { "index.docker.io/coredns/coredns:49696ff1e76241e904b52d0099ba79b1d70d189e", TagKind.BuildId, null, null, null, false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/api-gateway:20261123-556", TagKind.Date, null, null, null, false },
        { "myregistry.azurecr.io/team-a/alpine:20261113-16", TagKind.Date, null, null, null, false },
        { "redis:20261009-954", TagKind.Date, null, null, null, false },
        { "mcr.microsoft.com/dotnet/ubuntu:20260518-693", TagKind.Date, null, null, null, false },
        { "python:20260721-674", TagKind.Date, null, null, null, false },
        { "quay.io/prometheus/worker_service:20260103-222", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:lts", TagKind.Channel, null, null, null, false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/ingress-nginx/controller:lts", TagKind.Channel, null, null, null, false },
        { "gcr.io/my-project/python:lts", TagKind.Channel, null, null, null, false },
        { "docker.io/redis:lts", TagKind.Channel, null, null, null, false },
        { "index.docker.io/golang:lts", TagKind.Channel, null, null, null, false },
        { "mcr.microsoft.com/dotnet/library/debian:lts", TagKind.Channel, null, null, null, false },
        { "myregistry.azurecr.io/team-a/kube-state-metrics:stable", TagKind.Channel, null, null, null, false },
        { "mcr.microsoft.com/dotnet/coredns/coredns:stable", TagKind.Channel, null, null, null, false },
        { "mcr.microsoft.com/dotnet/postgres:stable", TagKind.Channel, null, null, null, false },
        { "ubuntu:stable", TagKind.Channel, null, null, null, false },
        { "localhost:5000/nginx:stable", TagKind.Channel, null, null, null, false },
        { "nginx:stable", TagKind.Channel, null, null, null, false },
        { "index.docker.io/python:main", TagKind.Channel, null, null, null, false },
        { "ghcr.io/acme/sdk:main", TagKind.Channel, null, null, null, false },
        { "docker.io/golang:main", TagKind.Channel, null, null, null, false },
        { "ghcr.io/acme/alpine:main", TagKind.Channel, null, null, null, false },
        { "ingress-nginx/controller:main", TagKind.Channel, null, null, null, false },
        { "myregistry.azurecr.io/team-a/library/debian:main", TagKind.Channel, null, null, null, false },
        { "index.docker.io/alpine:3", TagKind.FloatingVersion, "3", VersionPrecision.Major, null, false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/kube-state-metrics:3", TagKind.FloatingVersion, "3", VersionPrecision.Major, null, false },
        { "registry.k8s.io/python:3", TagKind.FloatingVersion, "3", VersionPrecision.Major, null, false },
        { "index.docker.io/app:3", TagKind.FloatingVersion, "3", VersionPrecision.Major, null, false },
        { "docker.io/python:22", TagKind.FloatingVersion, "22", VersionPrecision.Major, null, false },
        { "localhost:5000/nginx:3", TagKind.FloatingVersion, "3", VersionPrecision.Major, null, false },
        { "app:6.1-slim-bookworm", TagKind.FloatingVersion, "6.1", VersionPrecision.Minor, "slim-bookworm", false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/aspnet:4.12-slim-bookworm", TagKind.FloatingVersion, "4.12", VersionPrecision.Minor, "slim-bookworm", false },
        { "ghcr.io/acme/bitnami/kafka:6.2-slim-bookworm", TagKind.FloatingVersion, "6.2", VersionPrecision.Minor, "slim-bookworm", false },
        { "index.docker.io/redis:14.9-slim-bookworm", TagKind.FloatingVersion, "14.9", VersionPrecision.Minor, "slim-bookworm", false },
        { "bitnami/kafka:12.0-slim-bookworm", TagKind.FloatingVersion, "12.0", VersionPrecision.Minor, "slim-bookworm", false },
        { "index.docker.io/node:5.9-slim-bookworm", TagKind.FloatingVersion, "5.9", VersionPrecision.Minor, "slim-bookworm", false },
        { "redis:18.11-jammy", TagKind.FloatingVersion, "18.11", VersionPrecision.Minor, "jammy", false },
        { "ubuntu:9.4-jammy", TagKind.FloatingVersion, "9.4", VersionPrecision.Minor, "jammy", false },
        { "mcr.microsoft.com/dotnet/redis:20.1-jammy", TagKind.FloatingVersion, "20.1", VersionPrecision.Minor, "jammy", false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/ingress-nginx/controller:16.7-jammy", TagKind.FloatingVersion, "16.7", VersionPrecision.Minor, "jammy", false },
        { "busybox:19.0-jammy", TagKind.FloatingVersion, "19.0", VersionPrecision.Minor, "jammy", false },
        { "docker.io/node:5.1-jammy", TagKind.FloatingVersion, "5.1", VersionPrecision.Minor, "jammy", false },
        { "ingress-nginx/controller:3.11", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "myregistry.azurecr.io/team-a/kube-state-metrics:3.11", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/redis:3.11", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "registry.k8s.io/aspnet:3.11", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "localhost:5000/huggingface-pytorch-training:3.11", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "quay.io/prometheus/coredns/coredns:3.11", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "ghcr.io/acme/grafana/grafana:edge", TagKind.Channel, null, null, null, true },
        { "traefik:edge", TagKind.Channel, null, null, null, true },
        { "quay.io/prometheus/python:edge", TagKind.Channel, null, null, null, true },
        { "123456789012.dkr.ecr.us-east-1.amazonaws.com/bitnami/kafka:edge", TagKind.Channel, null, null, null, true },
        { "registry.gitlab.com/group/sub/grafana/grafana:edge", TagKind.Channel, null, null, null, true },
        { "gcr.io/my-project/ingress-nginx/controller:edge", TagKind.Channel, null, null, null, true },
        { "localhost:5000/ingress-nginx/controller:9.9-alpine", TagKind.FloatingVersion, "9.9", VersionPrecision.Minor, "alpine", false },
        { "golang:7.6-alpine", TagKind.FloatingVersion, "7.6", VersionPrecision.Minor, "alpine", false },
        { "registry.gitlab.com/group/sub/python:10.8-alpine", TagKind.FloatingVersion, "10.8", VersionPrecision.Minor, "alpine", false },
        { "alpine:17.6-alpine", TagKind.FloatingVersion, "17.6", VersionPrecision.Minor, "alpine", false },
        { "quay.io/prometheus/busybox:19.1-alpine", TagKind.FloatingVersion, "19.1", VersionPrecision.Minor, "alpine", false },
        { "registry.k8s.io/golang:8.8-alpine", TagKind.FloatingVersion, "8.8", VersionPrecision.Minor, "alpine", false },
        { "nginx:1.25.3-alpine", TagKind.Version, "1.25.3", VersionPrecision.Patch, "alpine", false },
        { "nginx:1.25", TagKind.FloatingVersion, "1.25", VersionPrecision.Minor, null, false },
        { "nginx:stable-alpine", TagKind.Channel, null, null, "alpine", false },
        { "nginx:mainline", TagKind.Channel, null, null, null, false },
        { "nginx:alpine", TagKind.Channel, null, null, null, false },
        { "nginx:latest", TagKind.Latest, null, null, null, false },
        { "python:3.11.7-slim-bookworm", TagKind.Version, "3.11.7", VersionPrecision.Patch, "slim-bookworm", false },
        { "python:3.12", TagKind.FloatingVersion, "3.12", VersionPrecision.Minor, null, false },
        { "python:3", TagKind.FloatingVersion, "3", VersionPrecision.Major, null, false },
        { "python:3.13.0b1", TagKind.Prerelease, "3.13.0", VersionPrecision.Patch, null, true },
        { "python:3.13.0a4", TagKind.Prerelease, "3.13.0", VersionPrecision.Patch, null, true },
        { "python:3.13.0rc2-slim-bookworm", TagKind.Prerelease, "3.13.0", VersionPrecision.Patch, "slim-bookworm", true },
        { "python:3.12-alpine3.19", TagKind.FloatingVersion, "3.12", VersionPrecision.Minor, "alpine3.19", false },
        { "python:alpine3.19", TagKind.Channel, null, null, null, false },
        { "python:slim", TagKind.Channel, null, null, null, false },
        { "python:3.14-rc-bookworm", TagKind.Prerelease, "3.14", VersionPrecision.Minor, "bookworm", true },
        { "node:20-alpine", TagKind.FloatingVersion, "20", VersionPrecision.Major, "alpine", false },
        { "node:lts", TagKind.Channel, null, null, null, false },
        { "node:lts-alpine", TagKind.Channel, null, null, "alpine", false },
        { "node:20.11.0-bookworm-slim", TagKind.Version, "20.11.0", VersionPrecision.Patch, "bookworm-slim", false },
        { "node:current-alpine3.19", TagKind.Channel, null, null, "alpine3.19", false },
        { "postgres:16", TagKind.FloatingVersion, "16", VersionPrecision.Major, null, false },
        { "postgres:16.1", TagKind.FloatingVersion, "16.1", VersionPrecision.Minor, null, false },
        { "postgres:16.1-alpine3.19", TagKind.FloatingVersion, "16.1", VersionPrecision.Minor, "alpine3.19", false },
        { "postgres:15-bookworm", TagKind.FloatingVersion, "15", VersionPrecision.Major, "bookworm", false },
        { "ubuntu:jammy-20240125", TagKind.Date, null, null, "jammy", false },
        { "ubuntu:22.04", TagKind.FloatingVersion, "22.4", VersionPrecision.Minor, null, false },
        { "ubuntu:jammy", TagKind.Channel, null, null, null, false },
        { "ubuntu:noble-20240605", TagKind.Date, null, null, "noble", false },
        { "debian:bookworm-slim", TagKind.Channel, null, null, "slim", false },
        { "debian:bookworm-20240130", TagKind.Date, null, null, "bookworm", false },
        { "debian:12.4", TagKind.FloatingVersion, "12.4", VersionPrecision.Minor, null, false },
        { "debian:sid", TagKind.Channel, null, null, null, false },
        { "debian:trixie", TagKind.Channel, null, null, null, false },
        { "golang:1.22rc1", TagKind.Prerelease, "1.22", VersionPrecision.Minor, null, true },
        { "golang:1.22rc1-bookworm", TagKind.Prerelease, "1.22", VersionPrecision.Minor, "bookworm", true },
        { "golang:1.22.0-alpine3.19", TagKind.Version, "1.22.0", VersionPrecision.Patch, "alpine3.19", false },
        { "golang:1.21", TagKind.FloatingVersion, "1.21", VersionPrecision.Minor, null, false },
        { "alpine:3.19", TagKind.FloatingVersion, "3.19", VersionPrecision.Minor, null, false },
        { "alpine:3.19.1", TagKind.Version, "3.19.1", VersionPrecision.Patch, null, false },
        { "alpine:edge", TagKind.Channel, null, null, null, true },
        { "alpine:20240315", TagKind.Date, null, null, null, false },
        { "redis:7.2.4-alpine", TagKind.Version, "7.2.4", VersionPrecision.Patch, "alpine", false },
        { "redis:7-alpine", TagKind.FloatingVersion, "7", VersionPrecision.Major, "alpine", false },
        { "mysql:8.0.36-debian", TagKind.Version, "8.0.36", VersionPrecision.Patch, "debian", false },
        { "mysql:8.0-oracle", TagKind.FloatingVersion, "8.0", VersionPrecision.Minor, "oracle", false },
        { "mysql:8.3.0-oraclelinux8", TagKind.Version, "8.3.0", VersionPrecision.Patch, "oraclelinux8", false },
        { "mongo:7.0.5-jammy", TagKind.Version, "7.0.5", VersionPrecision.Patch, "jammy", false },
        { "rabbitmq:3.12-management-alpine", TagKind.FloatingVersion, "3.12", VersionPrecision.Minor, "management-alpine", false },
        { "traefik:v2.11", TagKind.FloatingVersion, "2.11", VersionPrecision.Minor, null, false },
        { "traefik:v3.0.0-rc1", TagKind.Prerelease, "3.0.0", VersionPrecision.Patch, null, true },
        { "traefik:v3.0.0-beta5", TagKind.Prerelease, "3.0.0", VersionPrecision.Patch, null, true },
        { "registry.k8s.io/pause:3.9", TagKind.FloatingVersion, "3.9", VersionPrecision.Minor, null, false },
        { "registry.k8s.io/kube-apiserver:v1.29.2", TagKind.Version, "1.29.2", VersionPrecision.Patch, null, false },
        { "registry.k8s.io/coredns/coredns:v1.11.1", TagKind.Version, "1.11.1", VersionPrecision.Patch, null, false },
        { "quay.io/prometheus/prometheus:v2.50.1", TagKind.Version, "2.50.1", VersionPrecision.Patch, null, false },
        { "grafana/grafana:10.3.3-ubuntu", TagKind.Version, "10.3.3", VersionPrecision.Patch, "ubuntu", false },
        { "grafana/grafana:main", TagKind.Channel, null, null, null, false },
        { "gcr.io/distroless/static-debian12:nonroot", TagKind.Other, null, null, null, false },
        { "gcr.io/distroless/base:debug", TagKind.Other, null, null, null, false },
        { "mcr.microsoft.com/dotnet/aspnet:8.0", TagKind.FloatingVersion, "8.0", VersionPrecision.Minor, null, false },
        { "mcr.microsoft.com/dotnet/sdk:8.0.201-jammy", TagKind.Version, "8.0.201", VersionPrecision.Patch, "jammy", false },
        { "mcr.microsoft.com/dotnet/sdk:9.0.100-preview.1", TagKind.Prerelease, "9.0.100", VersionPrecision.Patch, null, true },
        { "mcr.microsoft.com/windows/servercore:ltsc2022", TagKind.Other, null, null, null, false },
        { "mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-ltsc2022", TagKind.FloatingVersion, "8.0", VersionPrecision.Minor, "nanoserver-ltsc2022", false },
        { "eclipse-temurin:21-jdk-jammy", TagKind.FloatingVersion, "21", VersionPrecision.Major, "jdk-jammy", false },
        { "eclipse-temurin:17.0.10_7-jre", TagKind.Version, "17.0.10", VersionPrecision.Patch, "7-jre", false },
        { "openjdk:21-ea-22-jdk", TagKind.Prerelease, "21", VersionPrecision.Major, "22-jdk", true },
        { "openjdk:8u292-jre", TagKind.Other, null, null, null, false },
        { "maven:3.9.6-eclipse-temurin-21", TagKind.Version, "3.9.6", VersionPrecision.Patch, "eclipse-temurin-21", false },
        { "bitnami/redis:7.2.4-debian-12-r9", TagKind.Version, "7.2.4", VersionPrecision.Patch, "debian-12-r9", false },
        { "hashicorp/terraform:1.7.4", TagKind.Version, "1.7.4", VersionPrecision.Patch, null, false },
        { "hashicorp/vault:1.15", TagKind.FloatingVersion, "1.15", VersionPrecision.Minor, null, false },
        { "jenkins/jenkins:lts-jdk17", TagKind.Channel, null, null, "jdk17", false },
        { "jenkins/jenkins:2.440.1-lts-jdk17", TagKind.Version, "2.440.1", VersionPrecision.Patch, "lts-jdk17", false },
        { "jenkins/jenkins:2.446", TagKind.FloatingVersion, "2.446", VersionPrecision.Minor, null, false },
        { "httpd:2.4.58", TagKind.Version, "2.4.58", VersionPrecision.Patch, null, false },
        { "busybox:1.36.1-musl", TagKind.Version, "1.36.1", VersionPrecision.Patch, "musl", false },
        { "busybox:stable-glibc", TagKind.Channel, null, null, "glibc", false },
        { "memcached:1.6.23-alpine", TagKind.Version, "1.6.23", VersionPrecision.Patch, "alpine", false },
        { "haproxy:2.9-alpine", TagKind.FloatingVersion, "2.9", VersionPrecision.Minor, "alpine", false },
        { "docker.elastic.co/elasticsearch/elasticsearch:8.12.2", TagKind.Version, "8.12.2", VersionPrecision.Patch, null, false },
        { "kong:3.6.1-ubuntu", TagKind.Version, "3.6.1", VersionPrecision.Patch, "ubuntu", false },
        { "nextcloud:28-apache", TagKind.FloatingVersion, "28", VersionPrecision.Major, "apache", false },
        { "wordpress:6.4.3-php8.2-apache", TagKind.Version, "6.4.3", VersionPrecision.Patch, "php8.2-apache", false },
        { "php:8.3-fpm-alpine", TagKind.FloatingVersion, "8.3", VersionPrecision.Minor, "fpm-alpine", false },
        { "ruby:3.3.0-slim-bookworm", TagKind.Version, "3.3.0", VersionPrecision.Patch, "slim-bookworm", false },
        { "rust:1.76-slim", TagKind.FloatingVersion, "1.76", VersionPrecision.Minor, "slim", false },
        { "rust:1-alpine3.19", TagKind.FloatingVersion, "1", VersionPrecision.Major, "alpine3.19", false },
        { "homeassistant/home-assistant:2024.2.5", TagKind.Version, "2024.2.5", VersionPrecision.Patch, null, false },
        { "homeassistant/home-assistant:2024.2", TagKind.FloatingVersion, "2024.2", VersionPrecision.Minor, null, false },
        { "homeassistant/home-assistant:stable", TagKind.Channel, null, null, null, false },
        { "homeassistant/home-assistant:dev", TagKind.Channel, null, null, null, true },
        { "ghcr.io/acme/app:sha-3f2a1bc", TagKind.BuildId, null, null, null, false },
        { "ghcr.io/acme/app:3f2a1bc", TagKind.BuildId, null, null, null, false },
        { "ghcr.io/acme/app:9fceb02d0ae598e95dc970b74767f19372d61af8", TagKind.BuildId, null, null, null, false },
        { "ghcr.io/acme/app:deadbeef", TagKind.BuildId, null, null, null, false },
        { "ghcr.io/acme/app:main-3f2a1bc", TagKind.BuildId, null, null, null, false },
        { "ghcr.io/acme/app:1234567", TagKind.BuildNumber, null, null, null, false },
        { "ghcr.io/acme/app:4711", TagKind.BuildNumber, null, null, null, false },
        { "ghcr.io/acme/app:2024", TagKind.BuildNumber, null, null, null, false },
        { "ghcr.io/acme/app:20241301", TagKind.BuildNumber, null, null, null, false },
        { "ghcr.io/acme/app:123456789012345678901234", TagKind.BuildNumber, null, null, null, false },
        { "ghcr.io/acme/app:20260114", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:2026-01-14", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:2026.01", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:2026.01.14", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:20240125.1", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:20260114120000", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:2024.10", TagKind.Date, null, null, null, false },
        { "ghcr.io/acme/app:2024.10.1", TagKind.Version, "2024.10.1", VersionPrecision.Patch, null, false },
        { "ghcr.io/acme/app:nightly-2026-01-14", TagKind.Date, null, null, "nightly", true },
        { "ghcr.io/acme/app:pr-1234", TagKind.Other, null, null, null, false },
        { "ghcr.io/acme/app:feature-login", TagKind.Other, null, null, null, false },
        { "ghcr.io/acme/app:abcdef", TagKind.Other, null, null, null, false },
        { "ghcr.io/acme/app:_internal", TagKind.Other, null, null, null, false },
        { "ghcr.io/acme/app:1.123456789012345678901", TagKind.Other, null, null, null, false },
        { "ghcr.io/acme/app:v1", TagKind.FloatingVersion, "1", VersionPrecision.Major, null, false },
        { "ghcr.io/acme/app:v1.2", TagKind.FloatingVersion, "1.2", VersionPrecision.Minor, null, false },
        { "ghcr.io/acme/app:V2.0.1", TagKind.Version, "2.0.1", VersionPrecision.Patch, null, false },
        { "ghcr.io/acme/app:v2.1.0-alpine3.20", TagKind.Version, "2.1.0", VersionPrecision.Patch, "alpine3.20", false },
        { "ghcr.io/acme/app:1.0.0-SNAPSHOT", TagKind.Prerelease, "1.0.0", VersionPrecision.Patch, null, true },
        { "ghcr.io/acme/app:1.2.3-alpha", TagKind.Prerelease, "1.2.3", VersionPrecision.Patch, null, true },
        { "ghcr.io/acme/app:1.2.3-alpha.1", TagKind.Prerelease, "1.2.3", VersionPrecision.Patch, null, true },
        { "ghcr.io/acme/app:1.0.0-rc.1", TagKind.Prerelease, "1.0.0", VersionPrecision.Patch, null, true },
        { "ghcr.io/acme/app:2.0.0-M3", TagKind.Prerelease, "2.0.0", VersionPrecision.Patch, null, true },
        { "ghcr.io/acme/app:1.2.3.4", TagKind.Version, "1.2.3.4", VersionPrecision.Patch, null, false },
        { "ghcr.io/acme/app:1.2.3-1", TagKind.Version, "1.2.3", VersionPrecision.Patch, "1", false },
        { "ghcr.io/acme/app:0.0.1", TagKind.Version, "0.0.1", VersionPrecision.Patch, null, false },
        { "ghcr.io/acme/app:3.11-", TagKind.FloatingVersion, "3.11", VersionPrecision.Minor, null, false },
        { "ghcr.io/acme/app:canary", TagKind.Channel, null, null, null, true },
        { "ghcr.io/acme/app:master", TagKind.Channel, null, null, null, false },
        { "ghcr.io/acme/app:rolling", TagKind.Channel, null, null, null, false },
        { "ghcr.io/acme/app:snapshot", TagKind.Channel, null, null, null, true },
        { "ghcr.io/acme/app:LATEST", TagKind.Latest, null, null, null, false },
        { "ghcr.io/acme/app:latest-alpine", TagKind.Latest, null, null, "alpine", false },
        { "quay.io/keycloak/keycloak:24.0.1", TagKind.Version, "24.0.1", VersionPrecision.Patch, null, false },
        { "amazon/aws-cli:2.15.21", TagKind.Version, "2.15.21", VersionPrecision.Patch, null, false },
        { "public.ecr.aws/lambda/python:3.12-x86_64", TagKind.FloatingVersion, "3.12", VersionPrecision.Minor, "x86_64", false },
        { "localhost:5000/app:dev", TagKind.Channel, null, null, null, true },
        { "registry.example.com:5000/team/app:1.4.2", TagKind.Version, "1.4.2", VersionPrecision.Patch, null, false },
        { "[::1]:5000/app:v0.1.0", TagKind.Version, "0.1.0", VersionPrecision.Patch, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_RealWorldTag_ReturnsExpectedClassification(
        string reference, TagKind kind, string? version, VersionPrecision? precision, string? variant, bool prerelease)
    {
        var expected = new TagClassification(
            kind,
            version?.Split('.').Select(long.Parse).ToArray(),
            precision,
            variant,
            prerelease,
            Mutable: true);

        var actual = TagClassifier.Classify(ImageReference.Parse(reference));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Cases_AtLeast150DistinctTags_NoDuplicates()
    {
        var references = Cases.Select(row => (string)row[0]).ToList();
        Assert.Equal(references.Count, references.Distinct(StringComparer.Ordinal).Count());
        var tags = references.Select(r => ImageReference.Parse(r).Tag).Distinct(StringComparer.Ordinal).Count();
        Assert.True(tags >= 150, $"only {tags} distinct tags");
    }

    [Fact]
    public void Classify_NoTagNoDigest_IsImplicitLatestAndMutable()
    {
        var actual = TagClassifier.Classify(ImageReference.Parse("nginx"));
        Assert.Equal(new TagClassification(TagKind.ImplicitLatest, null, null, null, false, true), actual);
    }

    [Fact]
    public void Classify_DigestOnly_IsNoneAndImmutable()
    {
        var actual = TagClassifier.Classify(ImageReference.Parse("nginx@" + Digest));
        Assert.Equal(new TagClassification(TagKind.None, null, null, null, false, false), actual);
    }

    [Theory]
    [InlineData("nginx:1.25.3", TagKind.Version)]
    [InlineData("nginx:latest", TagKind.Latest)]
    [InlineData("nginx:stable", TagKind.Channel)]
    public void Classify_TagAndDigest_KeepsKindButIsImmutable(string reference, TagKind kind)
    {
        var withDigest = TagClassifier.Classify(ImageReference.Parse($"{reference}@{Digest}"));
        var without = TagClassifier.Classify(ImageReference.Parse(reference));

        Assert.Equal(kind, withDigest.Kind);
        Assert.False(withDigest.Mutable);
        Assert.True(without.Mutable);
    }

    [Fact]
    public void Classify_EveryValidCorpusTag_IsRecognisedAndNeverOther()
    {
        // The realistic corpus only uses versions, rc pre-releases, dates, commits and channels: none is "other".
        var others = CorpusFiles.Read("realistic-10k.jsonl")
            .Where(r => r.Docker.Valid && r.Docker.Tag is not null)
            .Select(r => ImageReference.Parse(r.Input))
            .Where(r => TagClassifier.Classify(r).Kind == TagKind.Other)
            .Select(r => r.Tag)
            .Distinct()
            .ToList();

        Assert.Empty(others);
    }

    [Fact]
    public void Classify_AnyValidTag_NeverThrows()
    {
        // Every tag the grammar allows: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
        var first = CsCheck.Gen.Char["abcdefvxyzABCDEF0123456789_"];
        var rest = CsCheck.Gen.String[CsCheck.Gen.Char["abcdefrcvxyzABCDEF0123456789_.-"], 0, 127];
        CsCheck.Check.Sample(
            CsCheck.Gen.Select(first, rest, (f, r) => f + r),
            tag => _ = TagClassifier.Classify(ImageReference.Parse("app:" + tag)),
            iter: 20_000);
    }
}
